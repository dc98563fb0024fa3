packet p {
  kind: byte;
  classify (kind) {
    |1:"One" -> n: byte;
    |_:"Other" -> ();
  };
  data: byte[n];
}
