packet p {
  classify (kind) {
    |1:"One" -> ();
  };
  kind: byte;
}
