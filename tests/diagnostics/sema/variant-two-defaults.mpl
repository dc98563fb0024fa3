packet p {
  kind: byte variant { |1 => A |2 => B };
}
