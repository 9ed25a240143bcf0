"""Qt item models over plain lists of core records (model/view: no widget per item)."""
