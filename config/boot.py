"""Loading the settings for manage.py and WSGI: a configuration error is one line, not a traceback."""

import sys


def settings_or_exit(argv=None):
    """Load the settings now; on ImproperlyConfigured print 「配置错误：…」 on stderr and exit 1.

    Django itself would swallow the error and fail later: "Unknown command: 'show_filing'", or a
    traceback from inside the command. --settings/--pythonpath are honoured as Django honours them.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandError, CommandParser, handle_default_options

    if argv is not None:
        parser = CommandParser(add_help=False, allow_abbrev=False)
        parser.add_argument("--settings")
        parser.add_argument("--pythonpath")
        try:
            options, _ = parser.parse_known_args(argv[2:])
            handle_default_options(options)
        except CommandError:
            pass  # Django reports a malformed option itself
    try:
        settings.INSTALLED_APPS  # noqa: B018 -- evaluating it imports the settings module
    except ImproperlyConfigured as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        sys.exit(1)
