packet p {
  kind: byte variant { |1 -> A |2..4 -> B |3 -> C };
}
