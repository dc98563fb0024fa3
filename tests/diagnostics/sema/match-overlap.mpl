packet p {
  kind: byte;
  classify (kind) {
    |1..10:"Low" -> ();
    |5:"Five" -> ();
    |_:"Other" -> ();
  };
}
