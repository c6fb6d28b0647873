import { Global, Module } from '@nestjs/common';
import { CryptoService } from './crypto.service';

/** Global: nearly every module encrypts or decrypts something. */
@Global()
@Module({
  providers: [CryptoService],
  exports: [CryptoService],
})
export class CryptoModule {}
