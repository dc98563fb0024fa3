custom blob = "not a type";
packet p {
  a: byte;
}
