// A spec with a mistake, for the command-line tests: mplc must name the
// place and exit non-zero.
packet broken {
  length: uint16;
  data: byte[lenght];
}
