import "tag.mpl";

packet greeting {
  header: packet tag();
  length: byte value(sizeof(text));
  text: byte[length];
}
