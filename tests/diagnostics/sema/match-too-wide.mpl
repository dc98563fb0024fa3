packet p {
  kind: bit[4];
  rest: bit[4];
  classify (kind) {
    |16:"Big" -> ();
    |_:"Other" -> ();
  };
}
