"""Getting copied text to the user's clipboard from inside a terminal, and saying honestly
what was done.

A terminal app cannot see the clipboard: it asks the terminal with OSC 52, which works over
SSH when the terminal allows it, and which the app cannot confirm. Inside tmux (``$TMUX``)
OSC 52 is dropped under tmux's default ``set-clipboard external``, so the text also goes into
tmux's paste buffer (``tmux load-buffer -w -``, which also hands it to the outer terminal's
clipboard where tmux is allowed to). Inside GNU screen (``$STY``) OSC 52 must be wrapped in
screen's passthrough. The notice says which of these happened, never a bare "Copied".
"""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable, Mapping

OSC52_SENT = "sent to the terminal clipboard (OSC 52)"
FALLBACK = "if nothing pastes, `chronique quotes --cite` prints the citations"

# GNU screen passes on at most a few hundred bytes per passthrough string: the sequence is
# cut into chunks, each in its own DCS ... ST (as hterm's osc52.sh does).
_SCREEN_CHUNK = 76


def osc52(text: str) -> str:
    """The OSC 52 sequence that asks the terminal to put ``text`` in its clipboard."""
    return "\x1b]52;c;" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "\x07"


def screen_passthrough(text: str) -> str:
    """OSC 52 for ``text`` wrapped in GNU screen's DCS passthrough, in chunks."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    chunks = [data[i : i + _SCREEN_CHUNK] for i in range(0, len(data), _SCREEN_CHUNK)]
    out = ["\x1bP\x1b]52;c;"]
    for chunk in chunks:
        out.append(chunk + "\x1b\\\x1bP")
    out.append("\x07\x1b\\")
    return "".join(out)


def tmux_load_buffer(
    text: str, run: Callable[..., subprocess.CompletedProcess[bytes]] = subprocess.run
) -> str | None:
    """Put ``text`` in tmux's paste buffer; None if done, else why not. ``-w`` (tmux 3.2+)
    also sets the outer terminal's clipboard; older tmux refuses it, then we go without."""
    data = text.encode("utf-8")
    error = "tmux did not answer"
    for args in (["tmux", "load-buffer", "-w", "-"], ["tmux", "load-buffer", "-"]):
        try:
            done = run(args, input=data, capture_output=True, timeout=3, check=False)
        except FileNotFoundError:
            return "the tmux command is not on PATH"
        except (OSError, subprocess.SubprocessError) as err:
            return f"tmux failed: {err}"
        if done.returncode == 0:
            return None
        error = (done.stderr or b"").decode("utf-8", "replace").strip() or "tmux failed"
    return error


def deliver(
    text: str,
    *,
    env: Mapping[str, str],
    send_osc52: Callable[[str], None],
    write_raw: Callable[[str], bool],
    run: Callable[..., subprocess.CompletedProcess[bytes]] = subprocess.run,
) -> str:
    """Send ``text`` everywhere it can go from here; return what was done, for the notice.
    ``send_osc52`` is the app's ``copy_to_clipboard`` (which also remembers the text);
    ``write_raw`` writes a sequence to the terminal as is."""
    send_osc52(text)
    if env.get("TMUX"):
        problem = tmux_load_buffer(text, run)
        if problem is None:
            return f"in the tmux buffer (prefix ] pastes it), and {OSC52_SENT}"
        return f"{OSC52_SENT}; not in the tmux buffer: {problem}"
    if env.get("STY"):
        if write_raw(screen_passthrough(text)):
            return f"{OSC52_SENT}, through GNU screen"
        return OSC52_SENT
    return OSC52_SENT
