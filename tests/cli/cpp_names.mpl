// Field names that are C++ keywords or standard macros (real names in DNS
// and 9P): the generated header must still compile, with a trailing '_'.
packet cpp_names {
  class: uint16;
  errno: uint32;
  major: uint32;
  minor: uint32;
  new: byte;
  size: byte;
}

// Parameters named like keywords, macros and the view's own members.
packet cpp_param_names (int class, bool size, int major) {
  data: byte[class];
  classify (size) {
    |true:"Wide" -> value: uint16;
    |false:"Narrow" -> value: byte;
  };
  tail: byte[major];
}
