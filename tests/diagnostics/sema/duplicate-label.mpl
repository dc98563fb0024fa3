packet p {
  kind: byte;
  classify (kind) {
    |1:"Same" -> ();
    |2:"Same" -> ();
  };
}
