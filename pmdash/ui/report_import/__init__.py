"""From a report page to a market: the review flow of /data (:mod:`.view`) over pure
review functions (:mod:`.review`)."""

from pmdash.ui.report_import.view import report_import_flow

__all__ = ["report_import_flow"]
