packet p {
  name: byte[4] variant { |1 -> A };
}
