"""Standard indicators: linking a plan's indicators to the catalogue, adding communes up.

Commune side: the import links each indicator to a catalogue entry by its name
(``app.catalogue.match_indicator``); :func:`set_catalogue_code` lets the officer
change the link (or say "not a standard indicator"), and that choice is kept
by later re-imports. The code travels in data.json (``catalogue_code``).

Receiving office: :func:`consolidated_indicators` reads the bundles in the
inbox for one period, the current revision of each commune's plan (a
superseded revision is never counted), and lays the standard indicators out
as rows with one column per commune. Bundles made before catalogue codes
existed carry no ``catalogue_code``; their indicators are matched by name
here. An indicator whose ``catalogue_code`` is null was judged not standard
by its commune and is left out.

Decisions
---------
* A column is a commune (province + name). When a commune sent several plans
  for the period, an indicator code found in more than one keeps the figure
  of the most recently packed bundle.
* "Chưa có số liệu" counts the communes whose plan has the indicator and
  that are neither "Đạt" nor "Chưa đạt" for it: no figure entered, or a
  figure that cannot be judged (the cell shows "—" or the figure). A commune
  whose plan does not have the indicator is not applicable: its cell is left
  blank and it is counted nowhere.
* The average is the mean of the numeric actual values of the communes whose
  own unit is a percentage, and only for catalogue entries measured in %.
"""

from __future__ import annotations

from app.services.consolidation.collect import (
    _Bundle,
    _cell,
    _code_of,
    _columns,
    _current_bundles,
    _indicators,
    _row,
    consolidated_indicators,
    consolidation_periods,
    log,
)
from app.services.consolidation.links import (
    catalogue_options,
    reset_catalogue_code,
    set_catalogue_code,
)
from app.services.consolidation.table import (
    NOT_REACHED,
    REACHED,
    CommuneColumn,
    ConsolidatedCell,
    ConsolidatedRow,
    ConsolidatedTable,
)
from app.services.consolidation.xlsx import average_text, cell_text, write_consolidated_xlsx

__all__ = [
    "NOT_REACHED",
    "REACHED",
    "CommuneColumn",
    "ConsolidatedCell",
    "ConsolidatedRow",
    "ConsolidatedTable",
    "_Bundle",
    "_cell",
    "_code_of",
    "_columns",
    "_current_bundles",
    "_indicators",
    "_row",
    "average_text",
    "catalogue_options",
    "cell_text",
    "consolidated_indicators",
    "consolidation_periods",
    "log",
    "reset_catalogue_code",
    "set_catalogue_code",
    "write_consolidated_xlsx",
]
