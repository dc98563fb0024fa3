packet p {
  kind: byte;
  classify (kind) {
    |_:"Other" -> ();
    |1:"One" -> ();
  };
}
