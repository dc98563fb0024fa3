// Signed bounds compare as signed numbers: -1 is below 1, not 2^64 - 1.
packet p {
  a: int16 min(1) max(-1);
  b: int16 min(-10) max(-1) default(-20);
}
