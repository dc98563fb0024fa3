packet p {
  flag: bit[1];
  rest: bit[7];
  classify (flag) {
    |true:"Set" -> ();
    |2:"Two" -> ();
  };
}
