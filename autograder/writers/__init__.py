"""Writers: the only code that touches disk. Each builds its text with a pure function
and writes it atomically (a temporary file, then rename), so a crash never leaves half a report."""
