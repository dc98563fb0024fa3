packet inner (int n) { data: byte[n]; }
packet p {
  body: packet inner();
}
