// Packets that exercise the generated resource limits and reproduce past
// fuzzing findings (tests/codec/robustness_test.cc; docs/robustness.md).

// One byte per element: the element count can reach the buffer size.
packet byte_list {
  count: uint32 value(array_length(items));
  items: array (count) { item: byte; };
}

// Elements until the end of the buffer.
packet byte_run {
  items: array bytes (remaining()) { item: byte; };
}

// Fuzz finding (specs/ssh.mpl, ssh_message): a `_` case with a guard that
// fails took no case, yet parse() succeeded with case 0 and offsets never
// filled, so the view read past the buffer.
packet guarded_fallback (int mode) {
  kind: uint8;
  classify (kind) {
    |1:"One" -> a: uint32;
    |_:"Other" when (mode == 2) -> rest: byte[remaining()];
  };
}

// Fuzz finding (specs/bgp.mpl, bgp_capability "Fqdn"): a computed length
// wider than its field was written truncated, so the rebuilt packet parsed
// differently. write() now refuses it.
packet narrow_length {
  length: uint8 value(sizeof(data));
  data: byte[length];
}
