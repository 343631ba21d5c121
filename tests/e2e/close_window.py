"""Asks an X11 window to close as a window manager's close button does (a
WM_DELETE_WINDOW client message), so an app may refuse or hide instead.
Usage: close_window.py TITLE"""
import sys

from Xlib import X, display, protocol


def windows(d, window):
    yield window
    for child in window.query_tree().children:
        yield from windows(d, child)


def main():
    title = sys.argv[1]
    d = display.Display()
    delete = d.intern_atom("WM_DELETE_WINDOW")
    protocols = d.intern_atom("WM_PROTOCOLS")
    asked = 0
    for window in windows(d, d.screen().root):
        try:
            name = window.get_wm_name()
            offered = window.get_wm_protocols() or []
        except Exception:
            continue
        if name == title and delete in offered:
            event = protocol.event.ClientMessage(
                window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
            )
            window.send_event(event, event_mask=X.NoEventMask)
            asked += 1
    d.flush()
    if asked == 0:
        sys.exit(f"no window titled {title!r} offers WM_DELETE_WINDOW")
    print(asked)


main()
