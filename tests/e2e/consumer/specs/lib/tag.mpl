// Imported by greeting.mpl: editing the constant below must regenerate
// greeting.h and rebuild the consumer.
packet tag {
  magic: uint16 const(0x1234);
}
