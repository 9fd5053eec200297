"""The staff workspace (工作台): the platform's own pages for union officers."""
