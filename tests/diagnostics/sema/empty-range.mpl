packet p {
  kind: byte;
  classify (kind) {
    |10..2:"Backwards" -> ();
    |_:"Other" -> ();
  };
}
