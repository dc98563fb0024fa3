packet p {
  kind: byte;
  classify (kinds) {
    |1:"One" when (kinds > 2) -> ();
    |1:"Again" -> ();
  };
  data: byte[kinds + undefined_too];
}
