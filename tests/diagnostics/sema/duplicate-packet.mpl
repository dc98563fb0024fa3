packet p { a: byte; }
packet p { b: byte; }
