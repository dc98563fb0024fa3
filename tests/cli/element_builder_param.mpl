// A value(...) inside an array element that reads a packet parameter: the
// element's builder has no parameters (the packet builder's are not handed
// down), so mplc refuses the spec (--check as well) rather than guess.
packet tagged_list (int tag) {
  count: uint8 value(array_length(items));
  items: array (count) {
    item_tag: uint8 value(tag);
    data: uint16;
  };
}
