"""Pure input and output: .journey files, Excel import and export."""
