packet p {
  src: uint16;
  dst: uint32;
  proto: byte;
  data: byte[remaining()] pseudo_header(src, dst, proto);
}
