from klachtendesk.cli import main

raise SystemExit(main())
