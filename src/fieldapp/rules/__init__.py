"""Pure rules shared by the device and the server: no I/O, no Qt, the same answer every time.

Both ``fieldapp.core`` (offline, on the laptop) and ``fieldapp.server`` (the truth) import these, so a quiz
is graded the same way on both ends.
"""
