// A spec with a custom wire type the Wireshark runtime has no helper for:
// its dissector shows the fields before it, then an expert-info note
// (docs/wireshark.md). Test-only; the C++ type does not exist.
custom opaque_blob = "example::opaque_blob";

packet opaque_message {
  kind:  uint8;
  blob:  opaque_blob;
  after: uint16;
}
