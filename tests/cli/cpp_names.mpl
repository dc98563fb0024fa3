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

// Field names that a builder's write() also declares (its buffer, position,
// context, and what an until-array's element and an element reading the
// frames around it are handed): the members take "_field", so write()
// writes the user's values, not its locals.
packet builder_local_names {
  pos: uint8;
  cap: uint16;
  d: byte[2];
  outer: uint8;
  count: uint8 value(array_length(list));
  list: array (count) {
    classify (outer) {
      |1:"One" -> base: uint8;
      |_:"Other" -> other: uint8;
    };
  };
}

packet builder_local_until {
  hops: array until (ends == 1) {
    ends: uint8 max(1);
  };
}
