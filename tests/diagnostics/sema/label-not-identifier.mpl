packet p {
  kind: byte;
  classify (kind) {
    |1:"two words" -> ();
    |_:"Other" -> ();
  };
}
