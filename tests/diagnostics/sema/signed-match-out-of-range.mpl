// A classify match on a signed subject must be a value of its type.
packet p {
  t: int8;
  classify (t) {
    |-129..-1:"Negative" -> ();
    |_:"Other" -> ();
  };
}
