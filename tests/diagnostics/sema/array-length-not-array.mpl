packet p {
  n: byte value(array_length(data));
  data: byte[n];
}
