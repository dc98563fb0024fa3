packet p {
  kind: bit[2] variant { |1 -> A |4 -> B };
  rest: bit[6];
}
