packet p {
  length: uint8 value(sizeof(items));
  items: array bytes (length) { x: uint8; } size(length);
}
