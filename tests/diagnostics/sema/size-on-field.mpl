packet p {
  length: uint8 value(sizeof(data));
  data: byte[length] size(length);
}
