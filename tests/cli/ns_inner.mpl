// Imported by ns_outer.mpl; both compiled with add_mpl_spec(NAMESPACE wire).
packet ns_inner {
  kind: uint8;
  length: uint8 value(sizeof(data));
  data: byte[length];
}
