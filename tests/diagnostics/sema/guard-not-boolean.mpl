packet p (int mode) {
  kind: byte;
  classify (kind) {
    |1:"One" when (mode + 1) -> ();
    |_:"Other" -> ();
  };
}
