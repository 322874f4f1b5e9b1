"""The `yjinspect` command as installed: the file commands plus the web application's commands.

Kept apart from cli.py so that the command line over files never imports the web layer.
"""

from yjinspect.cli import main
from yjinspect.web.serve import manage, serve

main.add_command(serve)
main.add_command(manage)

__all__ = ["main"]
