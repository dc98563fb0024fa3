packet p {
  kind: byte;
  classify (kind) {
    |"x":"Text" -> ();
    |_:"Other" -> ();
  };
}
