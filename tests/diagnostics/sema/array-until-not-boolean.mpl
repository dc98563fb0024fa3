packet p {
  items: array until (kind) { kind: byte; };
}
