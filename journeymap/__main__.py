from journeymap.cli import main

raise SystemExit(main())
