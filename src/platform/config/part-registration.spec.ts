import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppPart } from './app-config';
import { registerWhenPartRuns } from './part-registration';

@Injectable()
class Registry {
  readonly items: unknown[] = [];
}

@Injectable()
class Job {}

describe(registerWhenPartRuns.name, () => {
  const start = async (parts: AppPart[]) => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        Registry,
        Job,
        { provide: APP_CONFIG, useValue: { parts: new Set(parts) } },
        registerWhenPartRuns<Registry, Job>('web', Registry, [Job], (registry, job) => registry.items.push(job)),
      ],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  };

  it('hands the items to the registry when the module starts in a process that runs the part', async () => {
    const moduleRef = await start(['web', 'notifications']);
    expect(moduleRef.get(Registry).items).toEqual([moduleRef.get(Job)]);
  });

  it('hands nothing over in a process that runs another part', async () => {
    const moduleRef = await start(['notifications']);
    expect(moduleRef.get(Registry).items).toEqual([]);
  });
});
