custom uint16 = "app::Wide";
packet p {
  a: byte;
}
