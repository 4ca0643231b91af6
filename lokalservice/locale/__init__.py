"""The gettext catalogues: `sv/LC_MESSAGES/lokalservice.po` in the repository, its `.mo` compiled when the package is built."""
