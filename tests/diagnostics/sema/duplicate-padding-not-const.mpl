packet p {
  reserved: byte const(0);
  reserved: byte;
}
