packet p {
  magic: byte[4] const("MPL");
}
