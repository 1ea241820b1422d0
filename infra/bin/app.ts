#!/usr/bin/env node
import { buildApp } from '../app.js';

buildApp().app.synth();
